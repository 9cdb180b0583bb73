# CMake helpers to declare fixture-backed CTest tests. Included by the installed
# package (find_package(fixbench)) and by fixbench's own build (FetchContent,
# add_subdirectory), so both give the same functions.
#
#   fixbench_add_fixture(<fixture> [WORKSPACE <dir>] [INSTANCE <name>] [TIMEOUT <seconds>]
#                        [FIXTURE_NAME <ctest-fixture>] [LABELS <label>...])
#
#     Adds the CTest pair that holds fixture <fixture> from before the first test that
#     needs it to after the last of them:
#       fixbench.up.<fixture>    FIXTURES_SETUP   fixbench.<fixture>
#       fixbench.down.<fixture>  FIXTURES_CLEANUP fixbench.<fixture>
#     The up step brings it up or attaches to it (kept for inspection, started by the
#     workbench or `fixbench up`) and leaves a background fixbench holding it while
#     ctest runs; the down step ends that hold. Nothing is destroyed by it: a kept
#     fixture stays up, one used by other processes stays up, the rest goes down after
#     its linger (fixture.yml `linger:`) — also when ctest is killed. WORKSPACE defaults
#     to PROJECT_SOURCE_DIR (the folder holding fixbench.yml).
#
#   fixbench_require_fixtures(<test>... FIXTURES <fixture>... [WORKSPACE <dir>] [INSTANCE <name>])
#
#     Makes tests require those fixtures (FIXTURES_REQUIRED fixbench.<fixture>) and
#     point fixbench::testing at the same workspace and instance, so that
#     fixbench::testing::up() inside them attaches to what the up step started.
#     For gtest_discover_tests(), pass the same as PROPERTIES:
#       gtest_discover_tests(t PROPERTIES FIXTURES_REQUIRED fixbench.ftp
#                                         ENVIRONMENT FIXBENCH_WORKSPACE=${PROJECT_SOURCE_DIR})

function(fixbench_add_fixture fixture)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "WORKSPACE;INSTANCE;TIMEOUT;FIXTURE_NAME" "LABELS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "fixbench_add_fixture(${fixture}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET fixbench::fixbench)
    message(FATAL_ERROR "fixbench_add_fixture(${fixture}): no fixbench::fixbench target; "
                        "call find_package(fixbench CONFIG REQUIRED) or FetchContent_MakeAvailable(fixbench) first")
  endif()
  if(NOT arg_WORKSPACE)
    set(arg_WORKSPACE "${PROJECT_SOURCE_DIR}")
  endif()
  if(NOT EXISTS "${arg_WORKSPACE}/fixbench.yml")
    message(FATAL_ERROR "fixbench_add_fixture(${fixture}): ${arg_WORKSPACE} holds no fixbench.yml "
                        "(run `fixbench init` there, or pass WORKSPACE <dir>)")
  endif()
  if(NOT arg_FIXTURE_NAME)
    set(arg_FIXTURE_NAME "fixbench.${fixture}")
  endif()
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 1500)
  endif()
  set(suffix "${fixture}")
  if(arg_INSTANCE)
    string(APPEND suffix ".${arg_INSTANCE}")
  endif()
  set(step "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/fixbench-ctest-step.cmake")
  foreach(action up down)
    add_test(NAME fixbench.${action}.${suffix}
      COMMAND ${CMAKE_COMMAND} -DACTION=${action} "-DFIXBENCH_CLI=$<TARGET_FILE:fixbench::fixbench>"
              "-DWORKSPACE=${arg_WORKSPACE}" "-DFIXTURE=${fixture}" "-DINSTANCE=${arg_INSTANCE}"
              -P "${step}")
    set_tests_properties(fixbench.${action}.${suffix} PROPERTIES TIMEOUT ${arg_TIMEOUT})
    if(arg_LABELS)
      set_tests_properties(fixbench.${action}.${suffix} PROPERTIES LABELS "${arg_LABELS}")
    endif()
  endforeach()
  set_tests_properties(fixbench.up.${suffix} PROPERTIES FIXTURES_SETUP "${arg_FIXTURE_NAME}")
  set_tests_properties(fixbench.down.${suffix} PROPERTIES FIXTURES_CLEANUP "${arg_FIXTURE_NAME}")
endfunction()

function(fixbench_require_fixtures)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "WORKSPACE;INSTANCE" "FIXTURES")
  set(tests ${arg_UNPARSED_ARGUMENTS})
  if(NOT tests OR NOT arg_FIXTURES)
    message(FATAL_ERROR "fixbench_require_fixtures(<test>... FIXTURES <fixture>...): name tests and fixtures")
  endif()
  if(NOT arg_WORKSPACE)
    set(arg_WORKSPACE "${PROJECT_SOURCE_DIR}")
  endif()
  set(required)
  foreach(f IN LISTS arg_FIXTURES)
    list(APPEND required "fixbench.${f}")
  endforeach()
  set(environment "FIXBENCH_WORKSPACE=${arg_WORKSPACE}")
  if(arg_INSTANCE)
    list(APPEND environment "FIXBENCH_INSTANCE=${arg_INSTANCE}")
  endif()
  foreach(t IN LISTS tests)
    set_property(TEST ${t} APPEND PROPERTY FIXTURES_REQUIRED ${required})
    set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT ${environment})
  endforeach()
endfunction()
