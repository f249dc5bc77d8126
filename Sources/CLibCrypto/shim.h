#ifndef COBRO_CLIBCRYPTO_SHIM_H
#define COBRO_CLIBCRYPTO_SHIM_H
/* The digest interface of the system's libcrypto (OpenSSL): SHA-256 through EVP. */
#include <openssl/evp.h>

#endif
