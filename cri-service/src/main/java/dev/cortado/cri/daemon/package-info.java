/** The {@code cortado} process: command line, signal handling, logging and wiring. */
package dev.cortado.cri.daemon;
