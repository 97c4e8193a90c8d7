package dev.cortado.cri.spec;

import dev.cortado.errors.CortadoException;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's argv from the CRI command/args and the image's Entrypoint/Cmd, with Kubernetes
 * semantics (containerd's {@code WithProcessArgs}, from moby's daemon/commit.go): a CRI command
 * replaces the entrypoint and drops the image's Cmd; CRI args replace Cmd only.
 */
final class ProcessArgs {
    private ProcessArgs() {}

    /** argv; INVALID_ARGUMENT "no command specified" when nothing gives one. */
    static List<String> resolve(List<String> command, List<String> args, ImageConfig image) {
        List<String> cmd = new ArrayList<>(command);
        List<String> arguments = new ArrayList<>(args);
        if (cmd.isEmpty()) {
            if (arguments.isEmpty()) {
                arguments.addAll(image.cmd());
            }
            // an Entrypoint of one empty string is docker's "reset the entrypoint"
            if (!(image.entrypoint().size() == 1 && image.entrypoint().get(0).isEmpty())) {
                cmd.addAll(image.entrypoint());
            }
        }
        if (cmd.isEmpty() && arguments.isEmpty()) {
            throw CortadoException.invalidArgument("no command specified: the container has no command or args and "
                    + "its image no Entrypoint or Cmd");
        }
        cmd.addAll(arguments);
        return cmd;
    }
}
