// Symbol visibility for libsandbox: everything is hidden unless marked SANDBOX_API.
#pragma once

#if defined(SANDBOX_BUILDING_LIBRARY)
#define SANDBOX_API __attribute__((visibility("default")))
#else
#define SANDBOX_API
#endif
