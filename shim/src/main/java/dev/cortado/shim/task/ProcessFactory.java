package dev.cortado.shim.task;

import dev.cortado.shim.launch.LaunchOptions;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Path;

/** Creates, execs and re-adopts processes; the launcher in production, a fake in tests. */
public interface ProcessFactory {

    /** Creates a container's init process, stopped before exec. */
    ProcessControl create(String id, Spec spec, Path stateDir, LaunchOptions options);

    /** Creates an exec process in the running container of {@code init}, stopped before exec. */
    ProcessControl exec(
            String execId,
            Spec container,
            ProcessControl init,
            ProcessSpec process,
            Path stateDir,
            LaunchOptions options);

    /** Re-adopts the process whose monitor state is in {@code stateDir}. */
    ProcessControl adopt(Path stateDir);
}
