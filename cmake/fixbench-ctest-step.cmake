# One step of a fixbench_add_fixture() pair, run by ctest:
#   cmake -DACTION=up|down -DFIXBENCH_CLI=... -DWORKSPACE=... -DFIXTURE=... [-DINSTANCE=...]
#         -P fixbench-ctest-step.cmake
# up:   brings the fixture up, or attaches to it, and leaves a background fixbench that
#       holds it (a lease) for as long as this ctest runs: `fixbench up --hold-while`.
# down: ends that hold (`fixbench release --hold-while`). It destroys nothing: a kept
#       fixture stays, one that other processes use stays, the rest goes down after its
#       linger. If ctest is killed, the hold ends with it all the same.
cmake_minimum_required(VERSION 3.19)
foreach(v ACTION FIXBENCH_CLI WORKSPACE FIXTURE)
  if(NOT DEFINED ${v} OR "${${v}}" STREQUAL "")
    message(FATAL_ERROR "fixbench-ctest-step: ${v} is not set")
  endif()
endforeach()
set(instance_args)
if(INSTANCE)
  set(instance_args --instance "${INSTANCE}")
endif()

# ctest's pid: the parent of this `cmake -P` (the shell's parent).
execute_process(COMMAND sh -c "read -r _ _ _ ppid _ < /proc/$PPID/stat && echo $ppid"
                OUTPUT_VARIABLE ctest_pid OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT ctest_pid MATCHES "^[0-9]+$")
  message(FATAL_ERROR "fixbench-ctest-step: cannot find the pid of ctest (${ctest_pid})")
endif()

if(ACTION STREQUAL "up")
  execute_process(COMMAND "${FIXBENCH_CLI}" -w "${WORKSPACE}" up "${FIXTURE}" --hold-while ${ctest_pid} ${instance_args}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "fixbench: `fixbench up ${FIXTURE}` failed (exit code ${rc}); its error is above")
  endif()
  message(STATUS "fixbench: ${FIXTURE} is up, held while this ctest runs")
elseif(ACTION STREQUAL "down")
  execute_process(COMMAND "${FIXBENCH_CLI}" -w "${WORKSPACE}" release "${FIXTURE}" --hold-while ${ctest_pid} ${instance_args}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "fixbench: `fixbench release ${FIXTURE}` failed (exit code ${rc})")
  endif()
else()
  message(FATAL_ERROR "fixbench-ctest-step: ACTION must be up or down, not `${ACTION}`")
endif()
