package dev.cortado.cri.daemon;

import dev.cortado.cri.status.RuntimeVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cortado version}: the runtime's name, version and CRI API version. */
@Command(name = "version", description = "Print the version.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : new Provider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }

    /** Shared with {@code cortado --version}. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            RuntimeVersion v = RuntimeVersion.current();
            return new String[] {v.runtimeName() + " " + v.runtimeVersion(), "CRI API " + v.runtimeApiVersion()};
        }
    }
}
