package dev.cortado.cri.daemon;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Turns signals into a call instead of the JVM's default exit, so that the daemon shuts down in order and exits
 * 0 on SIGTERM (a shutdown hook alone exits 143, which supervisors count as a failure).
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is the only JDK way to do this. It is reached by
 * reflection on purpose: javac warns on every mention of it ("internal proprietary API"), no
 * {@code @SuppressWarnings} silences that warning, and the build compiles with {@code -Werror}.
 */
final class TermSignals {
    private TermSignals() {}

    /** Calls {@code action} on a JDK signal thread each time one of {@code names} ("TERM", "INT") arrives. */
    static void on(List<String> names, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object proxy = Proxy.newProxyInstance(
                    TermSignals.class.getClassLoader(), new Class<?>[] {handler}, handlerCalling(action));
            Method handle = signal.getMethod("handle", signal, handler);
            for (String name : names) {
                handle.invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot handle signals " + names + " through sun.misc.Signal", e);
        }
    }

    private static InvocationHandler handlerCalling(Runnable action) {
        return (self, method, args) -> switch (method.getName()) {
            case "handle" -> {
                action.run();
                yield null;
            }
            case "equals" -> self == args[0];
            case "hashCode" -> System.identityHashCode(self);
            case "toString" -> "TermSignals handler";
            default -> throw new UnsupportedOperationException(method.toString());
        };
    }
}
