/**
 * Error kinds shared by every module and their one mapping to and from gRPC and ttrpc status
 * codes (house rule 3 of STYLE.md).
 */
package dev.cortado.errors;
