# Read by cpack before it makes each package (CPACK_PROJECT_CONFIG_FILE in cmake/packaging.cmake). The version is
# the one the last build wrote (cmake/kreach_version.cmake), newer than configure's when a tag came since; Debian
# wants versions to start with a digit, so any other gets 0~ in front (0~ sorts before every 0.x).
if(EXISTS "${CPACK_KREACH_VERSION_FILE}")
  include("${CPACK_KREACH_VERSION_FILE}")
  set(CPACK_PACKAGE_VERSION "${KREACH_VERSION}")
endif()
set(CPACK_DEBIAN_PACKAGE_VERSION "${CPACK_PACKAGE_VERSION}")
if(NOT CPACK_DEBIAN_PACKAGE_VERSION MATCHES "^[0-9]")
  set(CPACK_DEBIAN_PACKAGE_VERSION "0~${CPACK_DEBIAN_PACKAGE_VERSION}")
endif()
set(CPACK_PACKAGE_FILE_NAME "${CPACK_PACKAGE_NAME}-${CPACK_PACKAGE_VERSION}-${CPACK_SYSTEM_NAME}")
