/* sha256.h - SHA-256 (FIPS 180-4), for the task state paths TaskStore names by hash. */
#ifndef CORTADO_SHA256_H
#define CORTADO_SHA256_H

#include <stddef.h>

/* The digest of data, as lower-case hex: hex must hold 65 bytes. */
void sha256_hex(const void *data, size_t len, char hex[65]);

#endif
