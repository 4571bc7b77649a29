# One place for compiler warnings (every cogov target calls this).
function(cogov_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  # GCC 12 reports false -Wrestrict positives inside std::string concatenation (GCC bug 105329).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(COGOV_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
