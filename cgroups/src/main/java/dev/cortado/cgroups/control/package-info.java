/**
 * Acting on live cgroups: creating them with controllers enabled on the way down, applying a
 * {@link dev.cortado.cgroups.controller.WritePlan} all-or-nothing, reading stats, adding and
 * listing processes, freeze/thaw, kill, recursive delete, and the OOM/empty events watcher.
 *
 * <p>Every file access goes through {@link dev.cortado.cgroups.CgroupFs}; waiting goes through an
 * injected {@link dev.cortado.cgroups.control.Ticker}. May import every other package of this
 * module; nothing in the module imports this package.
 */
package dev.cortado.cgroups.control;
