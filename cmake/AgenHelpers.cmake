# AgenHelpers.cmake: build-tree helpers shared by agen's own CMakeLists (not installed).
#   agen_define_llvm_interface()          -> INTERFACE target agen_llvm_flags
#   agen_target_warnings(<target>)        -> agen's warning set on <target>
#   agen_add_sanitized_subdirectory(<dir>) -> add_subdirectory with ASan+UBSan when
#                                            AGEN_SANITIZE is ON, scoped to that subtree

set(AGEN_SANITIZE_FLAGS
  -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)

# Compile settings for code that includes LLVM/Clang headers. Only headers, flags and
# definitions: linking (shared clang-cpp + LLVM) is each final target's own decision,
# because the plugin must link nothing and bind to the host compiler's symbols.
function(agen_define_llvm_interface)
  add_library(agen_llvm_flags INTERFACE)
  target_include_directories(agen_llvm_flags SYSTEM INTERFACE
    ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
  separate_arguments(_defs NATIVE_COMMAND "${LLVM_DEFINITIONS}")
  list(TRANSFORM _defs REPLACE "^-D" "")
  target_compile_definitions(agen_llvm_flags INTERFACE ${_defs})
  # Debian's LLVM 19 reports LLVM_ENABLE_RTTI=ON, other builds do not; code compiled
  # with -fno-rtti links against either, the reverse does not (missing typeinfo).
  target_compile_options(agen_llvm_flags INTERFACE -fno-rtti)
endfunction()

function(agen_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(AGEN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# add_subdirectory(<dir>) with the sanitizer flags on every target in that subtree.
# Directory properties are copied into a subdirectory when it is added, so setting
# them just around the call and restoring them keeps the rest of the tree clean.
function(agen_add_sanitized_subdirectory dir)
  get_directory_property(_old_compile COMPILE_OPTIONS)
  get_directory_property(_old_link LINK_OPTIONS)
  if(AGEN_SANITIZE)
    add_compile_options(${AGEN_SANITIZE_FLAGS})
    add_link_options(-fsanitize=address,undefined)
  endif()
  add_subdirectory(${dir})
  set_directory_properties(PROPERTIES
    COMPILE_OPTIONS "${_old_compile}"
    LINK_OPTIONS "${_old_link}")
endfunction()
