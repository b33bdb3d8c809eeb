#ifndef SWITCHBOARD_CLIBWEBSOCKETS_H
#define SWITCHBOARD_CLIBWEBSOCKETS_H
#include <libwebsockets.h>
#endif
