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
import java.util.function.Supplier;

/**
 * Retries with exponential backoff for {@link RetryableException}, inside a circuit breaker per
 * registry host so that a dead registry fails fast instead of being hammered by every pull.
 */
final class Resilience {
    private final RetryConfig retryConfig;
    private final CircuitBreakerRegistry breakers;

    Resilience(int maxAttempts, Duration initialBackoff) {
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.2))
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
        try {
            return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call)).get();
        } catch (RetryableException e) {
            throw new CortadoException(ErrorKind.UNAVAILABLE, what + " failed after retries: " + e.getMessage(), e);
        } catch (CallNotPermittedException e) {
            throw new CortadoException(ErrorKind.UNAVAILABLE, "registry " + host + " is failing; circuit open", e);
        }
    }
}
