# One step of a fixbench_add_fixture() pair, run by ctest:
#   cmake -DACTION=up|down -DFIXBENCH_CLI=... -DWORKSPACE=... -DFIXTURE=... [-DINSTANCE=...]
#         -DSTATE_FILE=... -P fixbench-ctest-step.cmake
# up:   attaches when the fixture is already up (then down leaves it alone); else
#       brings it up kept (it must outlive this step) and records that it started it.
# down: takes the fixture down only when the up step started it.
cmake_minimum_required(VERSION 3.19)
foreach(v ACTION FIXBENCH_CLI WORKSPACE FIXTURE STATE_FILE)
  if(NOT DEFINED ${v} OR "${${v}}" STREQUAL "")
    message(FATAL_ERROR "fixbench-ctest-step: ${v} is not set")
  endif()
endforeach()
set(instance_args)
if(INSTANCE)
  set(instance_args --instance "${INSTANCE}")
endif()

if(ACTION STREQUAL "up")
  file(REMOVE "${STATE_FILE}")
  # Up already? `env` answers 0 for a running fixture, 7 when it is not up.
  execute_process(COMMAND "${FIXBENCH_CLI}" -w "${WORKSPACE}" env "${FIXTURE}" ${instance_args}
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(rc EQUAL 0)
    message(STATUS "fixbench: ${FIXTURE} is already up: attached (it stays up after the tests)")
    return()
  endif()
  execute_process(COMMAND "${FIXBENCH_CLI}" -w "${WORKSPACE}" up "${FIXTURE}" --keep --json ${instance_args}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "fixbench: `fixbench up ${FIXTURE}` failed (exit code ${rc}); its error is above")
  endif()
  string(JSON attached ERROR_VARIABLE json_error GET "${out}" fixtures 0 attached)
  if(json_error)
    message(FATAL_ERROR "fixbench: unexpected answer from `fixbench up --json`: ${json_error}\n${out}")
  endif()
  if(NOT attached)
    file(WRITE "${STATE_FILE}" "${FIXTURE}\n")
  endif()
  message(STATUS "fixbench: ${FIXTURE} is up")
elseif(ACTION STREQUAL "down")
  if(NOT EXISTS "${STATE_FILE}")
    message(STATUS "fixbench: ${FIXTURE} was not started by the up step: left as it is")
    return()
  endif()
  file(REMOVE "${STATE_FILE}")
  execute_process(COMMAND "${FIXBENCH_CLI}" -w "${WORKSPACE}" down "${FIXTURE}" ${instance_args} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "fixbench: `fixbench down ${FIXTURE}` failed (exit code ${rc})")
  endif()
else()
  message(FATAL_ERROR "fixbench-ctest-step: ACTION must be up or down, not `${ACTION}`")
endif()
