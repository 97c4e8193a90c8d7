package dev.cortado.cri.runtime;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cortado.api.containerd.events.*;
import dev.cortado.api.containerd.types.Envelope;
import dev.cortado.errors.CortadoException;
import java.util.Optional;

/**
 * The adapter from a forwarded {@code containerd.types.Envelope} to our {@link TaskEvent}.
 * containerd names event types by their bare full name ({@code containerd.events.TaskExit});
 * a {@code type.googleapis.com/} prefix is accepted too. Events that are not task events
 * (checkpoints, images) are empty; a task event that does not parse is INVALID_ARGUMENT.
 */
final class EventDecoder {
    private EventDecoder() {}

    static Optional<TaskEvent> decode(Envelope envelope) {
        String ns = envelope.getNamespace();
        Any any = envelope.getEvent();
        String type = any.getTypeUrl().substring(any.getTypeUrl().lastIndexOf('/') + 1);
        ByteString v = any.getValue();
        try {
            return Optional.ofNullable(
                    switch (type) {
                        case "containerd.events.TaskCreate" -> {
                            TaskCreate e = TaskCreate.parseFrom(v);
                            yield new TaskEvent.Created(ns, e.getContainerId(), e.getPid(), e.getBundle());
                        }
                        case "containerd.events.TaskStart" -> {
                            TaskStart e = TaskStart.parseFrom(v);
                            yield new TaskEvent.Started(ns, e.getContainerId(), e.getPid());
                        }
                        case "containerd.events.TaskExit" -> {
                            TaskExit e = TaskExit.parseFrom(v);
                            yield new TaskEvent.Exited(
                                    ns,
                                    e.getContainerId(),
                                    e.getId(),
                                    e.getPid(),
                                    e.getExitStatus(),
                                    TaskMessages.instant(e.getExitedAt()),
                                    false);
                        }
                        case "containerd.events.TaskOOM" ->
                            new TaskEvent.Oom(ns, TaskOOM.parseFrom(v).getContainerId());
                        case "containerd.events.TaskExecAdded" -> {
                            TaskExecAdded e = TaskExecAdded.parseFrom(v);
                            yield new TaskEvent.ExecAdded(ns, e.getContainerId(), e.getExecId());
                        }
                        case "containerd.events.TaskExecStarted" -> {
                            TaskExecStarted e = TaskExecStarted.parseFrom(v);
                            yield new TaskEvent.ExecStarted(ns, e.getContainerId(), e.getExecId(), e.getPid());
                        }
                        case "containerd.events.TaskDelete" -> {
                            TaskDelete e = TaskDelete.parseFrom(v);
                            yield new TaskEvent.Deleted(
                                    ns,
                                    e.getContainerId(),
                                    e.getId(),
                                    e.getPid(),
                                    e.getExitStatus(),
                                    TaskMessages.instant(e.getExitedAt()));
                        }
                        case "containerd.events.TaskPaused" ->
                            new TaskEvent.Paused(ns, TaskPaused.parseFrom(v).getContainerId());
                        case "containerd.events.TaskResumed" ->
                            new TaskEvent.Resumed(ns, TaskResumed.parseFrom(v).getContainerId());
                        default -> null;
                    });
        } catch (InvalidProtocolBufferException e) {
            throw CortadoException.invalidArgument(
                    "event %s on topic %s does not parse: %s", type, envelope.getTopic(), e.getMessage());
        }
    }
}
