// The one Catch2 main of kreach_tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
