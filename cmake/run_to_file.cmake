# Runs PROGRAM with the words of COMMAND_LINE and writes its standard output to OUTPUT (and, with GZIP, also
# OUTPUT.gz), failing the build when the program fails. The man page and the bash completion are made so:
#   cmake -DPROGRAM=build/release/kreach "-DCOMMAND_LINE=help --man" -DOUTPUT=kreach.1 -DGZIP=ON -P run_to_file.cmake
cmake_minimum_required(VERSION 3.25)
separate_arguments(args UNIX_COMMAND "${COMMAND_LINE}")
execute_process(COMMAND "${PROGRAM}" ${args} OUTPUT_FILE "${OUTPUT}.tmp" RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "${PROGRAM} ${COMMAND_LINE}: exit ${code}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
if(GZIP)
  file(ARCHIVE_CREATE OUTPUT "${OUTPUT}.gz" PATHS "${OUTPUT}" FORMAT raw COMPRESSION GZip COMPRESSION_LEVEL 9)
endif()
