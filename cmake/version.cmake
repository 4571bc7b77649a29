# Version and git hash, refreshed at every build (not only at configure time) so that
# provenance in output files names the commit that was really built.
set(COGOV_VERSION_FILE ${CMAKE_BINARY_DIR}/generated/cogov_version.cpp)
add_custom_target(cogov_version_file
  COMMAND ${CMAKE_COMMAND} -DOUT=${COGOV_VERSION_FILE} -DSRC=${CMAKE_SOURCE_DIR}
          -DVERSION=${PROJECT_VERSION} -P ${CMAKE_SOURCE_DIR}/cmake/write_version.cmake
  BYPRODUCTS ${COGOV_VERSION_FILE}
  COMMENT "Recording cogov version and git hash")
