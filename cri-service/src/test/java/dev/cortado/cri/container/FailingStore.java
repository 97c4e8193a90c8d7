package dev.cortado.cri.container;

import dev.cortado.cri.store.MetadataStore;
import dev.cortado.cri.store.ObjectKind;
import dev.cortado.cri.store.StoreIndex;
import dev.cortado.cri.store.StoredObject;
import dev.cortado.errors.CortadoException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A store that fails its Nth transaction from when the test arms it (counting from 1). */
final class FailingStore implements MetadataStore {
    private final MetadataStore delegate;
    private final AtomicInteger countdown = new AtomicInteger(-1);

    FailingStore(MetadataStore delegate) {
        this.delegate = delegate;
    }

    void failTransaction(int nth) {
        countdown.set(nth);
    }

    @Override
    public <T> T inTransaction(Function<Transaction, T> work) {
        if (countdown.get() > 0 && countdown.decrementAndGet() == 0) {
            throw CortadoException.unavailable("injected store failure");
        }
        return delegate.inTransaction(work);
    }

    @Override
    public Optional<StoredObject> get(ObjectKind kind, String id) {
        return delegate.get(kind, id);
    }

    @Override
    public List<StoredObject> list(ObjectKind kind) {
        return delegate.list(kind);
    }

    @Override
    public String resolveId(ObjectKind kind, String idOrPrefix) {
        return delegate.resolveId(kind, idOrPrefix);
    }

    @Override
    public <T> StoreIndex<T> index(ObjectKind kind, Function<StoredObject, T> decoder) {
        return delegate.index(kind, decoder);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
