package dev.cortado.cri.store;

/** The contract against the in-memory store the domain packages' unit tests use. */
class InMemoryMetadataStoreTest extends MetadataStoreContract {
    @Override
    protected MetadataStore newStore() {
        return new InMemoryMetadataStore();
    }
}
