# Install rules (GNUInstallDirs). Components: `cli` (the fixbench CLI, the in-test
# client library, its headers, the CMake package, pkg-config, templates, docs) and
# `gui` (fixbench-gui, its .desktop file and icon). Nothing installed points back into
# the build tree: the CMake package and the pkg-config file locate themselves.
include(CMakePackageConfigHelpers)

set(FIXBENCH_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/fixbench")

install(TARGETS fixbench EXPORT fixbenchTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
install(TARGETS fixbench_testing EXPORT fixbenchTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT cli
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# Without debug information, as Debian's dh_strip leaves static libraries: it is most
# of the archive's size, and users link the client into every test binary.
if(CMAKE_STRIP)
  install(CODE "execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug
    \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/$<TARGET_FILE_NAME:fixbench_testing>\")"
    COMPONENT cli)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/client/include/fixbench
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT cli)
install(EXPORT fixbenchTargets NAMESPACE fixbench::
  DESTINATION ${FIXBENCH_CMAKE_DIR} COMPONENT cli)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/fixbenchConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/fixbenchConfig.cmake
  INSTALL_DESTINATION ${FIXBENCH_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_BINDIR CMAKE_INSTALL_DATADIR)
# 0.x: a minor version may change the machine interface; 1.x and later: same major.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cmake/fixbenchConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/fixbenchConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/fixbenchConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/fixbench-helpers.cmake
  ${PROJECT_SOURCE_DIR}/cmake/fixbench-ctest-step.cmake
  DESTINATION ${FIXBENCH_CMAKE_DIR} COMPONENT cli)

# pkg-config: relocatable (${pcfiledir}), whatever the prefix the package lands in.
file(RELATIVE_PATH FIXBENCH_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" FIXBENCH_PC_TO_PREFIX "${FIXBENCH_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/fixbench.pc.in ${PROJECT_BINARY_DIR}/cmake/fixbench.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/cmake/fixbench.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT cli)

install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/machine-interface.md
  DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT cli)

if(TARGET fixbench-gui)
  install(TARGETS fixbench-gui RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT gui)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/fixbench.desktop
    DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT gui)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/fixbench.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT gui)
endif()
