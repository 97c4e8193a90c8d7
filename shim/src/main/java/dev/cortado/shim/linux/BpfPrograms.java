package dev.cortado.shim.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;

/** bpf(2) program load and cgroup attach, for {@link LibcSyscalls} (union bpf_attr layouts). */
final class BpfPrograms {
    private static final int O_CLOEXEC = LibcSyscalls.O_CLOEXEC;

    private final Libc libc;
    private final LibcSyscalls sys;

    BpfPrograms(Libc libc, LibcSyscalls sys) {
        this.libc = libc;
        this.sys = sys;
    }

    /** Loads a BPF_PROG_TYPE_CGROUP_DEVICE program and attaches it to a cgroup2 directory. */
    void attachDeviceFilter(java.nio.file.Path cgroupDir, byte[] program) {
        long sysBpf = "aarch64".equals(System.getProperty("os.arch")) ? 280 : 321;
        Memory insns = new Memory(program.length);
        insns.write(0, program, 0, program.length);
        Memory license = new Memory(8);
        license.setString(0, "Apache");
        Memory log = new Memory(65536);
        log.clear();
        // union bpf_attr for BPF_PROG_LOAD: prog_type, insn_cnt, insns, license, log_level,
        // log_size, log_buf; the rest stays zero
        Memory attr = new Memory(128);
        attr.clear();
        attr.setInt(0, 15); // BPF_PROG_TYPE_CGROUP_DEVICE
        attr.setInt(4, program.length / 8);
        attr.setPointer(8, insns);
        attr.setPointer(16, license);
        int prog = -1;
        int dir = -1;
        try {
            try {
                prog = (int) libc.syscall(sysBpf, 5, attr, 128); // BPF_PROG_LOAD
            } catch (LastErrorException e) {
                // load again with the verifier log (level 1 fails with ENOSPC if the log overflows)
                attr.setInt(24, 1);
                attr.setInt(28, 65536);
                attr.setPointer(32, log);
                prog = (int) libc.syscall(sysBpf, 5, attr, 128);
            }
            dir = libc.open(cgroupDir.toString(), 0200000 | O_CLOEXEC, 0); // O_DIRECTORY
            Memory attach = new Memory(128);
            attach.clear();
            attach.setInt(0, dir);
            attach.setInt(4, prog);
            attach.setInt(8, 6); // BPF_CGROUP_DEVICE
            attach.setInt(12, 2); // BPF_F_ALLOW_MULTI
            libc.syscall(sysBpf, 8, attach, 128); // BPF_PROG_ATTACH
        } catch (LastErrorException e) {
            throw new CortadoException(
                    ErrorKind.FAILED_PRECONDITION,
                    "attach device filter to " + cgroupDir + ": errno " + e.getErrorCode() + " "
                            + log.getString(0).trim(),
                    e);
        } finally {
            if (prog >= 0) {
                sys.close(prog);
            }
            if (dir >= 0) {
                sys.close(dir);
            }
        }
    }
}
