package dev.cortado.cri.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Times the durable store on this machine's disk: one RunPodSandbox-shaped transaction (reserve
 * a name, put a 2 KiB record; synchronous=FULL, so one fsync of the WAL), a list of 1,000
 * sandboxes, a prefix lookup among them, and opening the file (quick_check included).
 * {@code java -cp ... dev.cortado.cri.store.MetadataStoreBenchmark [dir]}; not a unit test.
 */
public final class MetadataStoreBenchmark {
    private MetadataStoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of("/var/tmp"), "store-bench");
        Path file = dir.resolve(SqliteMetadataStore.FILE_NAME);
        byte[] payload = new byte[2048];
        try (SqliteMetadataStore store = SqliteMetadataStore.open(file)) {
            long[] put = new long[1000];
            for (int i = 0; i < put.length; i++) {
                String id = Ids.generate();
                String name = "pod-" + i + "_default_uid-" + i + "_0";
                long start = System.nanoTime();
                store.inTransaction(tx -> {
                    tx.reserveName(ObjectKind.SANDBOX, name, id);
                    tx.put(new StoredObject(ObjectKind.SANDBOX, id, Optional.empty(), payload));
                    return null;
                });
                put[i] = System.nanoTime() - start;
            }
            report("put transaction (reserve name + 2 KiB record, fsync)", put);
            long[] list = new long[50];
            for (int i = 0; i < list.length; i++) {
                long start = System.nanoTime();
                int n = store.list(ObjectKind.SANDBOX).size();
                list[i] = System.nanoTime() - start;
                if (n != 1000) {
                    throw new IllegalStateException("listed " + n);
                }
            }
            report("list of 1,000 sandboxes", list);
            String some = store.list(ObjectKind.SANDBOX).get(500).id();
            long[] resolve = new long[1000];
            for (int i = 0; i < resolve.length; i++) {
                long start = System.nanoTime();
                store.resolveId(ObjectKind.SANDBOX, some.substring(0, 12));
                resolve[i] = System.nanoTime() - start;
            }
            report("resolveId of a 12-hex prefix among 1,000", resolve);
        }
        long[] open = new long[10];
        for (int i = 0; i < open.length; i++) {
            long start = System.nanoTime();
            SqliteMetadataStore.open(file).close();
            open[i] = System.nanoTime() - start;
        }
        report("open (pragmas, quick_check) + close, 1,000 sandboxes, " + Files.size(file) / 1024 + " KiB", open);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "%-70s p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms  (n=%d)%n",
                what,
                sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6,
                sorted.length);
    }
}
