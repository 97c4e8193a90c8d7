package dev.cortado.cri.store;

import static dev.cortado.cri.store.ObjectKind.CONTAINER;
import static dev.cortado.cri.store.ObjectKind.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MetadataStore} must do; each implementation's test extends this. */
abstract class MetadataStoreContract {
    protected MetadataStore store;

    /** A fresh, empty store. */
    protected abstract MetadataStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static String id(char c) {
        return String.valueOf(c).repeat(64);
    }

    static StoredObject sandbox(String id, String payload) {
        return new StoredObject(SANDBOX, id, Optional.empty(), payload.getBytes(StandardCharsets.UTF_8));
    }

    static StoredObject container(String id, String sandboxId, String payload) {
        return new StoredObject(CONTAINER, id, Optional.of(sandboxId), payload.getBytes(StandardCharsets.UTF_8));
    }

    private void put(StoredObject... objects) {
        store.inTransaction(tx -> {
            for (StoredObject o : objects) {
                tx.put(o);
            }
            return null;
        });
    }

    private Optional<String> holder(ObjectKind kind, String name) {
        return store.inTransaction(tx -> tx.nameHolder(kind, name));
    }

    @Test
    void put_isReadBackByGetAndList_andReplacedByTheNextPut() {
        StoredObject pod = sandbox(id('a'), "{\"state\":\"READY\"}");
        StoredObject ctr = container(id('c'), id('a'), "{}");
        StoredObject empty = sandbox(id('b'), "");
        put(pod, ctr, empty);
        assertThat(store.get(SANDBOX, id('a'))).contains(pod);
        assertThat(store.get(CONTAINER, id('c'))).contains(ctr);
        assertThat(store.get(CONTAINER, id('c')).orElseThrow().sandboxId()).contains(id('a'));
        assertThat(store.get(SANDBOX, id('b')).orElseThrow().payload()).isEmpty();
        assertThat(store.list(SANDBOX)).containsExactly(pod, empty);
        assertThat(store.list(CONTAINER)).containsExactly(ctr);
        assertThat(store.get(SANDBOX, id('c')))
                .as("kinds have their own id spaces")
                .isEmpty();

        StoredObject notReady = sandbox(id('a'), "{\"state\":\"NOTREADY\"}");
        put(notReady);
        assertThat(store.get(SANDBOX, id('a'))).contains(notReady);
        assertThat(store.list(SANDBOX)).hasSize(2);
    }

    @Test
    void inTransaction_returnsTheWorksValue_andReadsItsOwnWrites() {
        String seen = store.inTransaction(tx -> {
            tx.put(sandbox(id('a'), "mine"));
            return new String(tx.get(SANDBOX, id('a')).orElseThrow().payload(), StandardCharsets.UTF_8);
        });
        assertThat(seen).isEqualTo("mine");
    }

    @Test
    void delete_removesTheObject_andAbsentIsNoError_butKeepsItsNames() {
        store.inTransaction(tx -> {
            tx.reserveName(SANDBOX, "web_default_uid_0", id('a'));
            tx.put(sandbox(id('a'), "x"));
            return null;
        });
        store.inTransaction(tx -> {
            tx.delete(SANDBOX, id('a'));
            tx.delete(SANDBOX, id('f'));
            tx.delete(CONTAINER, id('f'));
            return null;
        });
        assertThat(store.get(SANDBOX, id('a'))).isEmpty();
        assertThat(store.list(SANDBOX)).isEmpty();
        assertThat(holder(SANDBOX, "web_default_uid_0")).contains(id('a'));
    }

    @Test
    void transactionThatThrows_writesNothing_reservesNothing_andPropagatesTheException() {
        put(sandbox(id('a'), "before"));
        IllegalStateException boom = new IllegalStateException("cni add failed");
        assertThatThrownBy(() -> store.inTransaction(tx -> {
                    tx.reserveName(SANDBOX, "web_default_uid_0", id('b'));
                    tx.put(sandbox(id('b'), "new"));
                    tx.put(sandbox(id('a'), "after"));
                    tx.delete(SANDBOX, id('a'));
                    throw boom;
                }))
                .isSameAs(boom);
        assertThat(store.get(SANDBOX, id('b'))).isEmpty();
        assertThat(store.get(SANDBOX, id('a')).orElseThrow().payload())
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("before");
        assertThat(holder(SANDBOX, "web_default_uid_0")).isEmpty();
        store.inTransaction(tx -> {
            tx.reserveName(SANDBOX, "web_default_uid_0", id('c'));
            return null;
        });
        assertThat(holder(SANDBOX, "web_default_uid_0")).contains(id('c'));
    }

    @Test
    void reserveName_heldByAnotherId_isAlreadyExistsNamingTheHolder_andTheTransactionWritesNothing() {
        store.inTransaction(tx -> {
            tx.reserveName(SANDBOX, "web_default_uid_0", id('a'));
            return null;
        });
        assertThatThrownBy(() -> store.inTransaction(tx -> {
                    tx.put(sandbox(id('b'), "second"));
                    tx.reserveName(SANDBOX, "web_default_uid_0", id('b'));
                    return null;
                }))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.ALREADY_EXISTS);
                    assertThat(e.getMessage()).contains("web_default_uid_0").contains(id('a'));
                });
        assertThat(store.get(SANDBOX, id('b'))).isEmpty();
        assertThat(holder(SANDBOX, "web_default_uid_0")).contains(id('a'));
    }

    @Test
    void reserveName_againByItsHolder_isNoOp_andNamesArePerKind() {
        store.inTransaction(tx -> {
            tx.reserveName(SANDBOX, "web", id('a'));
            tx.reserveName(SANDBOX, "web", id('a'));
            tx.reserveName(CONTAINER, "web", id('c'));
            return null;
        });
        store.inTransaction(tx -> {
            tx.reserveName(SANDBOX, "web", id('a'));
            return null;
        });
        assertThat(holder(SANDBOX, "web")).contains(id('a'));
        assertThat(holder(CONTAINER, "web")).contains(id('c'));
    }

    @Test
    void releaseName_freesItForAnotherId_andAbsentIsNoError() {
        store.inTransaction(tx -> {
            tx.reserveName(SANDBOX, "web", id('a'));
            return null;
        });
        store.inTransaction(tx -> {
            tx.releaseName(SANDBOX, "web");
            tx.releaseName(SANDBOX, "never-reserved");
            tx.reserveName(SANDBOX, "web", id('b'));
            return null;
        });
        assertThat(holder(SANDBOX, "web")).contains(id('b'));
        assertThat(holder(SANDBOX, "never-reserved")).isEmpty();
    }

    @Test
    void resolveId_acceptsFullIdsAndUniquePrefixes() {
        String first = "abc1" + "0".repeat(60);
        String second = "abc2" + "0".repeat(60);
        put(sandbox(first, "1"), sandbox(second, "2"), container(id('9'), first, "c"));
        assertThat(store.resolveId(SANDBOX, first)).isEqualTo(first);
        assertThat(store.resolveId(SANDBOX, "abc1")).isEqualTo(first);
        assertThat(store.resolveId(SANDBOX, "abc2000")).isEqualTo(second);
        assertThat(store.resolveId(CONTAINER, "9")).isEqualTo(id('9'));
    }

    @Test
    void resolveId_ambiguousOrEmptyIsInvalidArgument_andNoMatchIsNotFound() {
        put(sandbox("abc1" + "0".repeat(60), "1"), sandbox("abc2" + "0".repeat(60), "2"));
        assertThatThrownBy(() -> store.resolveId(SANDBOX, "abc")).isInstanceOfSatisfying(CortadoException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("\"abc\"").contains("ambiguous");
        });
        for (String empty : new String[] {"", null}) {
            assertThatThrownBy(() -> store.resolveId(SANDBOX, empty))
                    .isInstanceOfSatisfying(
                            CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        }
        for (String absent : new String[] {"abd", "ab c", "9", "abc1" + "0".repeat(61), "ABC1"}) {
            assertThatThrownBy(() -> store.resolveId(SANDBOX, absent))
                    .isInstanceOfSatisfying(CortadoException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                        assertThat(e.getMessage()).contains(absent);
                    });
        }
        assertThatThrownBy(() -> store.resolveId(CONTAINER, "abc1"))
                .as("a sandbox id is no container id")
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void containerWhoseSandboxDoesNotExist_isRefusedAtCommit_namingBoth() {
        put(sandbox(id('a'), "pod"), container(id('c'), id('a'), "ctr"));
        assertThatThrownBy(() -> put(container(id('d'), id('b'), "orphan")))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
                    assertThat(e.getMessage()).contains(id('d')).contains(id('b'));
                });
        assertThatThrownBy(() -> store.inTransaction(tx -> {
                    tx.delete(SANDBOX, id('a'));
                    return null;
                }))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
                    assertThat(e.getMessage()).contains(id('c')).contains(id('a'));
                });
        assertThat(store.get(SANDBOX, id('a'))).isPresent();
        assertThat(store.get(CONTAINER, id('d'))).isEmpty();

        store.inTransaction(tx -> {
            tx.put(sandbox(id('e'), "pod put after its container"));
            tx.delete(CONTAINER, id('c'));
            tx.delete(SANDBOX, id('a'));
            return null;
        });
        assertThat(store.list(SANDBOX)).extracting(StoredObject::id).containsExactly(id('e'));
        assertThat(store.list(CONTAINER)).isEmpty();
    }

    @Test
    void sandboxThatNamesASandbox_isRefused() {
        StoredObject odd = new StoredObject(SANDBOX, id('a'), Optional.of(id('b')), new byte[0]);
        assertThatThrownBy(() -> put(odd))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(id('a'));
        assertThat(store.list(SANDBOX)).isEmpty();
    }

    @Test
    void concurrentTransactions_serialize_noUpdateIsLost() throws Exception {
        put(sandbox(id('a'), "0"));
        int threads = 8;
        int each = 15;
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(() -> {
                for (int i = 0; i < each; i++) {
                    store.inTransaction(tx -> {
                        int n = Integer.parseInt(new String(
                                tx.get(SANDBOX, id('a')).orElseThrow().payload(), StandardCharsets.UTF_8));
                        Thread.yield();
                        tx.put(sandbox(id('a'), Integer.toString(n + 1)));
                        return null;
                    });
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.get(SANDBOX, id('a')).orElseThrow().payload())
                .asString(StandardCharsets.UTF_8)
                .isEqualTo(Integer.toString(threads * each));
    }

    @Test
    void concurrentReservationsOfOneName_exactlyOneWins_andTheOthersNameIt() throws Exception {
        int threads = 12;
        List<Callable<String>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String owner = String.format("%064x", t + 1);
            work.add(() -> {
                try {
                    store.inTransaction(tx -> {
                        tx.reserveName(SANDBOX, "web_default_uid_0", owner);
                        tx.put(sandbox(owner, "run"));
                        return null;
                    });
                    return "won " + owner;
                } catch (CortadoException e) {
                    return e.kind() + " " + e.getMessage();
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> outcomes = new ArrayList<>();
        try {
            for (Future<String> f : pool.invokeAll(work)) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> winners =
                outcomes.stream().filter(o -> o.startsWith("won ")).toList();
        assertThat(winners).hasSize(1);
        String winner = winners.get(0).substring(4);
        assertThat(outcomes)
                .filteredOn(o -> !o.startsWith("won "))
                .hasSize(threads - 1)
                .allSatisfy(o -> assertThat(o).startsWith("ALREADY_EXISTS").contains(winner));
        assertThat(store.list(SANDBOX)).extracting(StoredObject::id).containsExactly(winner);
        assertThat(holder(SANDBOX, "web_default_uid_0")).contains(winner);
    }
}
