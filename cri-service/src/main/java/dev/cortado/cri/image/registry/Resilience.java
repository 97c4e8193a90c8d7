package dev.cortado.cri.image.registry;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Retries with exponential backoff for {@link RetryableException}, inside a circuit breaker per
 * registry host so that a dead registry fails fast instead of being hammered by every pull; a
 * {@code Retry-After} the registry sent lengthens the wait (never beyond {@link RetryAfter#CAP}).
 */
final class Resilience {
    private final RetryConfig retryConfig;
    private final CircuitBreakerRegistry breakers;
    private final Consumer<Duration> waits;

    Resilience(int maxAttempts, Duration initialBackoff, Consumer<Duration> waits) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.2);
        this.waits = waits;
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalBiFunction((attempt, outcome) ->
                        waitMillis(backoff.apply(attempt), outcome.isLeft() ? outcome.getLeft() : null))
                .retryExceptions(RetryableException.class)
                .build();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(50)
                .minimumNumberOfCalls(20)
                .slidingWindowSize(40)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordExceptions(RetryableException.class)
                .build());
    }

    /** Runs {@code call} against {@code host} with retries; the last retryable failure becomes UNAVAILABLE. */
    <T> T call(String host, String what, Supplier<T> call) {
        CircuitBreaker breaker = breakers.circuitBreaker(host);
        Retry retry = Retry.of(host + " " + what, retryConfig);
        retry.getEventPublisher().onRetry(event -> waits.accept(event.getWaitInterval()));
        try {
            return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call))
                    .get();
        } catch (RetryableException e) {
            throw new CortadoException(ErrorKind.UNAVAILABLE, what + " failed after retries: " + e.getMessage(), e);
        } catch (CallNotPermittedException e) {
            throw new CortadoException(ErrorKind.UNAVAILABLE, "registry " + host + " is failing; circuit open", e);
        }
    }

    /** The wait before the next attempt: the backoff, or longer when the registry asked for it. */
    static long waitMillis(long backoffMillis, Throwable failure) {
        if (failure instanceof RetryableException r && r.retryAfter().isPresent()) {
            return Math.max(backoffMillis, r.retryAfter().get().toMillis());
        }
        return backoffMillis;
    }
}
