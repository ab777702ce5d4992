# agenPlugin.cmake: agen_enable_plugin() compiles a target's C++ sources with
# -fplugin=<agen-plugin.so>, so its AGEN_GENERATOR functions are lowered by agen.
# Installed next to agenConfig.cmake; the agen build tree includes it too.
#
#   agen_enable_plugin(<target> [OPTIONAL] [PLUGIN_ARGS <arg>...])
#
# The plugin only loads into the Clang major version it was built for. Without
# OPTIONAL any other compiler is a configure error; with OPTIONAL the target is compiled
# natively instead (same observable behaviour, see the spec) and a status line says so.
# PLUGIN_ARGS <a> become -fplugin-arg-agen-<a>.
include_guard(GLOBAL)

function(agen_enable_plugin target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "OPTIONAL" "" "PLUGIN_ARGS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "agen_enable_plugin: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "agen_enable_plugin: '${target}' is not a target")
  endif()
  if(NOT TARGET agen::plugin)
    message(FATAL_ERROR "agen_enable_plugin: agen::plugin is not available "
                        "(agen was built with AGEN_BUILD_TOOLS=OFF)")
  endif()

  get_target_property(_want agen::plugin AGEN_CLANG_MAJOR)
  string(REGEX MATCH "^[0-9]+" _have "${CMAKE_CXX_COMPILER_VERSION}")
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT _have STREQUAL _want)
    string(CONCAT _why "agen-plugin.so needs Clang ${_want}, but CMAKE_CXX_COMPILER is "
      "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION} (${CMAKE_CXX_COMPILER})")
    if(ARG_OPTIONAL)
      message(STATUS "agen: ${target} is compiled natively: ${_why}")
      return()
    endif()
    message(FATAL_ERROR "agen_enable_plugin(${target}): ${_why}; use clang++-${_want} "
                        "or pass OPTIONAL to fall back to native mode")
  endif()

  set(_opts "-fplugin=$<TARGET_FILE:agen::plugin>")
  foreach(_arg IN LISTS ARG_PLUGIN_ARGS)
    list(APPEND _opts "-fplugin-arg-agen-${_arg}")
  endforeach()
  foreach(_opt IN LISTS _opts)
    target_compile_options(${target} PRIVATE "$<$<COMPILE_LANGUAGE:CXX>:${_opt}>")
  endforeach()

  # In the agen build tree, build the plugin before the target. (Objects are not
  # recompiled when only the plugin changes: OBJECT_DEPENDS is a per-source property
  # shared by every target compiling that source, and takes no generator expressions.)
  get_target_property(_real agen::plugin ALIASED_TARGET)
  if(_real)
    add_dependencies(${target} ${_real})
  endif()
endfunction()
