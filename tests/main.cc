// The one Catch2 main of kreach_tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "sim/model/files_read.h"

namespace {

/// Each test case is a run of its own: the files an earlier one read (sim/model/files_read.h) are forgotten, or a
/// file a later test creates on a reused inode would count as an input.
struct ForgetFilesReadBetweenTests : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;
  void testCaseStarting(const Catch::TestCaseInfo&) override { kreach::ForgetFilesRead(); }
};

}  // namespace

CATCH_REGISTER_LISTENER(ForgetFilesReadBetweenTests)
