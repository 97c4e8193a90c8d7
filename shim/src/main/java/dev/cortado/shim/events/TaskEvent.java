package dev.cortado.shim.events;

import java.time.Instant;

/** One task event, as containerd's {@code api/events/task.proto}, with its topic. */
public sealed interface TaskEvent {

    /** The containerd topic, e.g. {@code /tasks/exit}. */
    String topic();

    /** A task was created (its init process waits for Start). */
    record Created(
            String containerId, String bundle, String stdin, String stdout, String stderr, boolean terminal, int pid)
            implements TaskEvent {
        public String topic() {
            return "/tasks/create";
        }
    }

    /** The init process was started. */
    record Started(String containerId, int pid) implements TaskEvent {
        public String topic() {
            return "/tasks/start";
        }
    }

    /** A process exited; {@code id} is the exec id, or the container id for the init process. */
    record Exited(String containerId, String id, int pid, int exitStatus, Instant exitedAt) implements TaskEvent {
        public String topic() {
            return "/tasks/exit";
        }
    }

    /** A task (or exec process, with {@code id}) was deleted. */
    record Deleted(String containerId, String id, int pid, int exitStatus, Instant exitedAt) implements TaskEvent {
        public String topic() {
            return "/tasks/delete";
        }
    }

    /** An exec process was created. */
    record ExecAdded(String containerId, String execId) implements TaskEvent {
        public String topic() {
            return "/tasks/exec-added";
        }
    }

    /** An exec process was started. */
    record ExecStarted(String containerId, String execId, int pid) implements TaskEvent {
        public String topic() {
            return "/tasks/exec-started";
        }
    }

    /** The task's cgroup was frozen. */
    record Paused(String containerId) implements TaskEvent {
        public String topic() {
            return "/tasks/paused";
        }
    }

    /** The task's cgroup was thawed. */
    record Resumed(String containerId) implements TaskEvent {
        public String topic() {
            return "/tasks/resumed";
        }
    }

    /** The OOM killer killed a process of the task. */
    record Oom(String containerId) implements TaskEvent {
        public String topic() {
            return "/tasks/oom";
        }
    }
}
