package dev.cortado.cri.store;

import static dev.cortado.cri.store.MetadataStoreContract.container;
import static dev.cortado.cri.store.MetadataStoreContract.id;
import static dev.cortado.cri.store.MetadataStoreContract.sandbox;
import static dev.cortado.cri.store.ObjectKind.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store's {@link StoreIndex} must do: follow commits in order, whole, without making readers wait. */
abstract class StoreIndexContract {
    protected MetadataStore store;
    private final AtomicInteger decoded = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    protected abstract MetadataStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        pool.shutdownNow();
        store.close();
    }

    /** Payloads as text; "corrupt" is refused as a domain codec refuses a bad record. */
    String decode(StoredObject o) {
        decoded.incrementAndGet();
        String text = new String(o.payload(), StandardCharsets.UTF_8);
        if (text.equals("corrupt")) {
            throw new CortadoException(ErrorKind.INTERNAL, "corrupt record " + o.id());
        }
        return text;
    }

    void write(StoredObject... objects) {
        store.inTransaction(tx -> {
            for (StoredObject o : objects) {
                tx.put(o);
            }
            return null;
        });
    }

    void delete(ObjectKind kind, String... ids) {
        store.inTransaction(tx -> {
            for (String i : ids) {
                tx.delete(kind, i);
            }
            return null;
        });
    }

    @Test
    void index_startsFromWhatIsStored_thenFollowsEveryCommit_decodingOncePerWrite() {
        write(sandbox(id('a'), "a1"), sandbox(id('b'), "corrupt"), container(id('c'), id('a'), "c1"));
        StoreIndex<String> pods = store.index(SANDBOX, this::decode);
        assertThat(pods.values()).as("the corrupt record is left out").containsExactly("a1");

        write(sandbox(id('a'), "a2"), sandbox(id('d'), "d1"));
        delete(SANDBOX, id('b'));
        assertThat(pods.values()).containsExactly("a2", "d1");
        assertThat(pods.get(id('a'))).contains("a2");
        assertThat(pods.get(id('c'))).as("another kind's id").isEmpty();

        assertThatThrownBy(() -> store.inTransaction(tx -> {
                    tx.put(sandbox(id('e'), "e1"));
                    tx.delete(SANDBOX, id('d'));
                    throw new IllegalStateException("rolled back");
                }))
                .hasMessage("rolled back");
        assertThat(pods.values()).as("a rolled-back transaction is never seen").containsExactly("a2", "d1");

        int afterWrites = decoded.get();
        for (int i = 0; i < 50; i++) {
            pods.values();
            pods.resolve("a");
        }
        assertThat(decoded.get()).as("reads decode nothing").isEqualTo(afterWrites);
    }

    @Test
    void index_resolvesPrefixesExactlyAsTheStore() {
        String first = "abc1" + "0".repeat(60);
        String second = "abc2" + "0".repeat(60);
        write(sandbox(first, "1"), sandbox(second, "2"));
        StoreIndex<String> pods = store.index(SANDBOX, this::decode);
        for (String asked :
                new String[] {first, "abc1", "abc2000", "abc", "", null, "abd", "ab c", "ABC1", first + "0"}) {
            assertThat(outcome(() -> pods.resolveId(asked)))
                    .as("resolveId(%s)", asked)
                    .isEqualTo(outcome(() -> store.resolveId(SANDBOX, asked)));
        }
        assertThat(pods.resolve("abc2")).isEqualTo("2");
        assertThat(pods.withPrefix("abc1")).containsExactly("1");
        assertThat(pods.withPrefix("")).containsExactly("1", "2");
        assertThat(pods.withPrefix("abd")).isEmpty();
    }

    @Test
    void readers_neverWaitForAWriter_andSeeTheLastCommitUntilTheNextOne() throws Exception {
        write(sandbox(id('a'), "before"));
        StoreIndex<String> pods = store.index(SANDBOX, this::decode);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> writer = pool.submit(() -> store.inTransaction(tx -> {
            tx.put(sandbox(id('a'), "after"));
            tx.put(sandbox(id('b'), "new"));
            inside.countDown();
            await(release);
            return null;
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        Future<List<String>> reader = pool.submit(() -> {
            assertThat(pods.resolve("a")).isEqualTo("before");
            return pods.values();
        });
        assertThat(reader.get(10, TimeUnit.SECONDS))
                .as("read while the writer holds the store")
                .containsExactly("before");
        release.countDown();
        writer.get(10, TimeUnit.SECONDS);
        assertThat(pods.values()).containsExactly("after", "new");
    }

    @Test
    void readers_seeEveryTransactionWhole_neverHalfOfIt() throws Exception {
        StoreIndex<String> pods = store.index(SANDBOX, this::decode);
        AtomicBoolean done = new AtomicBoolean();
        Future<Integer> reader = pool.submit(() -> {
            int reads = 0;
            while (!done.get() || reads == 0) {
                List<String> seen = pods.values();
                // each transaction writes or deletes both pods with one generation
                assertThat(seen.size()).as("pods seen: %s", seen).isIn(0, 2);
                if (seen.size() == 2) {
                    assertThat(seen.get(0)).as("pods seen: %s", seen).isEqualTo(seen.get(1));
                }
                reads++;
            }
            return reads;
        });
        try {
            for (int gen = 0; gen < 100; gen++) {
                String g = Integer.toString(gen);
                write(sandbox(id('a'), g), sandbox(id('b'), g));
                if (gen % 3 == 0) {
                    delete(SANDBOX, id('a'), id('b'));
                }
            }
        } finally {
            done.set(true);
        }
        assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
    }

    private static String outcome(java.util.function.Supplier<String> call) {
        try {
            return "id " + call.get();
        } catch (CortadoException e) {
            return e.kind() + " " + e.getMessage();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
