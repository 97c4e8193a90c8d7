package dev.cortado.cgroups.control;

/** Something the {@link EventsWatcher} saw happen to a cgroup. */
public sealed interface CgroupEvent {

    /**
     * The OOM killer killed processes in the cgroup ({@code memory.events oom_kill} went up).
     *
     * @param kills how many kills since the previous event
     * @param total the counter's value now
     */
    record OomKill(long kills, long total) implements CgroupEvent {}

    /** The cgroup and its descendants have no processes left ({@code cgroup.events populated 0}). */
    record Empty() implements CgroupEvent {}
}
