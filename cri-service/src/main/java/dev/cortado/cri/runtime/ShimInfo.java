package dev.cortado.cri.runtime;

/** Connect's answer: the shim's pid, the task's pid and the shim's version. */
public record ShimInfo(int shimPid, int taskPid, String version) {}
