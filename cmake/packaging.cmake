# Debian packages with CPack:  cmake --build build --target package
#   fixbench_<version>_<arch>.deb      the CLI, the in-test client library + headers, the
#                                      CMake package, pkg-config, fixture templates
#   fixbench-gui_<version>_<arch>.deb  the workbench (depends on fixbench)
# Runtime dependencies come from dpkg-shlibdeps; docker.io and docker-compose are
# recommended (fixbench also works with a remote engine or podman).
set(CPACK_PACKAGE_NAME fixbench)
set(CPACK_PACKAGE_VENDOR "fixbench")
set(CPACK_PACKAGE_CONTACT "fixbench maintainers <fixbench@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Workbench for C++ integration tests that need real services")
set(CPACK_PACKAGE_DESCRIPTION
  "fixbench brings docker compose stacks up as fixtures, waits until they are ready, hands their connection settings to GoogleTest binaries, streams their logs and keeps them alive for inspection.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL cli)
if(TARGET fixbench-gui)
  list(APPEND CPACK_COMPONENTS_ALL gui)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${PROJECT_HOMEPAGE_URL})
set(CPACK_DEBIAN_CLI_PACKAGE_NAME fixbench)
set(CPACK_DEBIAN_CLI_PACKAGE_RECOMMENDS "docker.io | docker-ce, docker-compose | docker-compose-plugin")
set(CPACK_DEBIAN_CLI_PACKAGE_SUGGESTS "fixbench-gui, cmake, libgtest-dev")
set(CPACK_DEBIAN_CLI_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}\n ${CPACK_PACKAGE_DESCRIPTION}\n .\n This package holds the fixbench command-line tool, the in-test client library fixbench::testing (C++17, standard library only) with its headers, CMake package and pkg-config file, and the fixture templates.")
set(CPACK_DEBIAN_GUI_PACKAGE_NAME fixbench-gui)
# Loaded at run time, so dpkg-shlibdeps cannot see them: the SVG icons and the X11
# (xcb) platform plugin.
set(CPACK_DEBIAN_GUI_PACKAGE_DEPENDS "fixbench (= ${PROJECT_VERSION}), libqt6svg6, qt6-qpa-plugins")
set(CPACK_DEBIAN_GUI_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_GUI_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY} (Qt workbench)\n The fixbench workbench window: fixtures, tests, results, container logs, FTP browser and environment, on the same core as the fixbench CLI.")
set(CPACK_COMPONENT_CLI_DISPLAY_NAME "fixbench CLI and in-test client")
set(CPACK_COMPONENT_GUI_DISPLAY_NAME "fixbench workbench")
set(CPACK_COMPONENT_GUI_DEPENDS cli)
include(CPack)
