package dev.cortado.cri.store;

/** The index contract against the in-memory store. */
class InMemoryStoreIndexTest extends StoreIndexContract {
    @Override
    protected MetadataStore newStore() {
        return new InMemoryMetadataStore();
    }
}
