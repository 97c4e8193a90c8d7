package dev.cortado.shim.events;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.cortado.api.containerd.events.*;
import java.time.Instant;

/** Our events as containerd's {@code containerd.events} messages in an Any with the bare type URL. */
final class EventEncoder {
    private EventEncoder() {}

    static Any encode(TaskEvent event) {
        Message m;
        if (event instanceof TaskEvent.Created e) {
            m = TaskCreate.newBuilder()
                    .setContainerId(e.containerId())
                    .setBundle(e.bundle())
                    .setIo(TaskIO.newBuilder()
                            .setStdin(e.stdin())
                            .setStdout(e.stdout())
                            .setStderr(e.stderr())
                            .setTerminal(e.terminal()))
                    .setPid(e.pid())
                    .build();
        } else if (event instanceof TaskEvent.Started e) {
            m = TaskStart.newBuilder()
                    .setContainerId(e.containerId())
                    .setPid(e.pid())
                    .build();
        } else if (event instanceof TaskEvent.Exited e) {
            m = TaskExit.newBuilder()
                    .setContainerId(e.containerId())
                    .setId(e.id())
                    .setPid(e.pid())
                    .setExitStatus(e.exitStatus())
                    .setExitedAt(ts(e.exitedAt()))
                    .build();
        } else if (event instanceof TaskEvent.Deleted e) {
            m = TaskDelete.newBuilder()
                    .setContainerId(e.containerId())
                    .setId(e.id())
                    .setPid(e.pid())
                    .setExitStatus(e.exitStatus())
                    .setExitedAt(ts(e.exitedAt()))
                    .build();
        } else if (event instanceof TaskEvent.ExecAdded e) {
            m = TaskExecAdded.newBuilder()
                    .setContainerId(e.containerId())
                    .setExecId(e.execId())
                    .build();
        } else if (event instanceof TaskEvent.ExecStarted e) {
            m = TaskExecStarted.newBuilder()
                    .setContainerId(e.containerId())
                    .setExecId(e.execId())
                    .setPid(e.pid())
                    .build();
        } else if (event instanceof TaskEvent.Paused e) {
            m = TaskPaused.newBuilder().setContainerId(e.containerId()).build();
        } else if (event instanceof TaskEvent.Resumed e) {
            m = TaskResumed.newBuilder().setContainerId(e.containerId()).build();
        } else if (event instanceof TaskEvent.Oom e) {
            m = TaskOOM.newBuilder().setContainerId(e.containerId()).build();
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        // containerd's typeurl names proto types by their bare full name (features.md §5.5)
        return Any.newBuilder()
                .setTypeUrl(m.getDescriptorForType().getFullName())
                .setValue(m.toByteString())
                .build();
    }

    private static Timestamp ts(Instant t) {
        return Timestamp.newBuilder()
                .setSeconds(t.getEpochSecond())
                .setNanos(t.getNano())
                .build();
    }
}
