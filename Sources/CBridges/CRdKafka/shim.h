#ifndef SWITCHBOARD_CRDKAFKA_H
#define SWITCHBOARD_CRDKAFKA_H
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#endif
