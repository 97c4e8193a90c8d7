/**
 * The daemon's TOML configuration: immutable records, one per section, each validated in its
 * constructor and each with embedded defaults.
 */
package dev.cortado.cri.config;
