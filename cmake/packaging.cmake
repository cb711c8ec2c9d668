# What a release installs and how it is packaged (included from the top CMakeLists.txt).
#   cmake --install build/release [--prefix /usr/local]     bin/kreach, share/man/man1/kreach.1.gz,
#                                                           share/bash-completion/completions/kreach, share/doc/kreach
#   (cd build/release && cpack -G DEB)                      kreach_<version>_<arch>.deb (./kreach.sh package)
include(GNUInstallDirs)

# The man page and the completion script are made by the binary itself, from its command table and each
# command's --help (sim/cli/manpage.h, sim/cli/completion.h), so they list exactly the commands and options it has.
set(kreach_man ${kreach_generated}/kreach.1)
set(kreach_completion ${kreach_generated}/kreach.bash)
add_custom_command(OUTPUT ${kreach_man} ${kreach_man}.gz
                   COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:kreach> "-DCOMMAND_LINE=help --man"
                           -DOUTPUT=${kreach_man} -DGZIP=ON -P ${PROJECT_SOURCE_DIR}/cmake/run_to_file.cmake
                   DEPENDS kreach ${PROJECT_SOURCE_DIR}/cmake/run_to_file.cmake
                   COMMENT "Writing the man page (kreach help --man)"
                   VERBATIM)
add_custom_command(OUTPUT ${kreach_completion}
                   COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:kreach> "-DCOMMAND_LINE=completion bash"
                           -DOUTPUT=${kreach_completion} -P ${PROJECT_SOURCE_DIR}/cmake/run_to_file.cmake
                   DEPENDS kreach ${PROJECT_SOURCE_DIR}/cmake/run_to_file.cmake
                   COMMENT "Writing the bash completion (kreach completion bash)"
                   VERBATIM)
add_custom_target(kreach_release_files ALL DEPENDS ${kreach_man}.gz ${kreach_completion})

install(TARGETS kreach RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${kreach_man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${kreach_completion} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME kreach)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs DESTINATION ${CMAKE_INSTALL_DOCDIR} PATTERN make.sh EXCLUDE)

# The Debian package. Its Depends come from dpkg-shlibdeps (package dpkg-dev) on the installed binary.
set(KREACH_PACKAGE_MAINTAINER "kreach maintainers <maintainers@kreach.invalid>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kreach)
set(CPACK_PACKAGE_VERSION ${KREACH_VERSION})
set(CPACK_PACKAGE_CONTACT ${KREACH_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Kubernetes network traffic simulator")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION  # the long description, under the summary
    "kreach reads Kubernetes manifests (YAML or JSON files, folders, kubectl dumps)\n"
    "and answers whether a packet gets from one place to another and which rule\n"
    "decided: the DNS lookup, kube-proxy's Service translation, ingress routing and\n"
    "NetworkPolicy at each end. It checks expectations written in scenario files,\n"
    "prints reachability matrices and netpol-analyzer's connection list, draws\n"
    "Graphviz diagrams and validates policies as the API server would.")
string(CONCAT CPACK_DEBIAN_PACKAGE_DESCRIPTION ${CPACK_DEBIAN_PACKAGE_DESCRIPTION})
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS graphviz)  # `kreach render` runs dot for SVG, PNG and PDF
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)      # kreach_<version>_<arch>.deb
set(CPACK_STRIP_FILES ON)
# cpack takes the version the last build found (a tag added after configuring counts), as a Debian version.
set(CPACK_KREACH_VERSION_FILE ${kreach_generated}/kreach_version.cmake)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/cmake/cpack_project_config.cmake)
include(CPack)
