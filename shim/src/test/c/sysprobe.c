/*
 * sysprobe - prints "name=errno" for syscalls that RuntimeDefault seccomp decides
 * (0 when the call succeeded). Built by RuntimeDefaultContainerTest with gcc -static and run
 * inside a container: busybox has no applet for these calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static void probe(const char *name, long rc)
{
	printf("%s=%d\n", name, rc < 0 ? errno : 0);
}

int main(void)
{
	/* KEYCTL_GET_KEYRING_ID of the session keyring, creating none */
	probe("keyctl", syscall(SYS_keyctl, 0, -3, 0));
	probe("add_key", syscall(SYS_add_key, "user", "probe", "x", 1, -3));
	/* a NULL clone_args: the kernel would say EFAULT; the filter answers first */
	probe("clone3", syscall(SYS_clone3, NULL, 0));
	/* ADDR_NO_RANDOMIZE is not an allowed personality; 0xffffffff (query) is */
	probe("personality_norandom", syscall(SYS_personality, 0x0040000));
	probe("personality_query", syscall(SYS_personality, 0xffffffff));
	probe("getpid", syscall(SYS_getpid));
	return 0;
}
