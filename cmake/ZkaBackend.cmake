# zka_add_backend(<name> SOURCES <files...> [LIBS <libs...>] [INCLUDES <dirs...>])
#
# A backend plug-in: a MODULE library libzkaccel_backend_<name>.so written to
# <build>/lib/zkaccel/ and installed to <libdir>/zkaccel/, loaded at run time by
# host/registry.c (see host/backend.h for the interface it exports).  Plug-ins use only the
# header-only portable arithmetic; they never link libzkaccel.
function(zka_add_backend name)
  cmake_parse_arguments(B "" "" "SOURCES;LIBS;INCLUDES" ${ARGN})
  string(REPLACE "-" "_" tname "${name}")
  set(t zkaccel_backend_${tname})
  add_library(${t} MODULE ${B_SOURCES})
  set_target_properties(${t} PROPERTIES
    PREFIX "lib" OUTPUT_NAME "zkaccel_backend_${name}"
    LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib/zkaccel
    C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden CUDA_VISIBILITY_PRESET hidden)
  target_include_directories(${t} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/include
    ${B_INCLUDES})
  target_link_libraries(${t} PRIVATE zka_flags ${B_LIBS})
  install(TARGETS ${t} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/zkaccel)
  set_property(GLOBAL APPEND PROPERTY ZKA_BACKEND_TARGETS ${t})
  set_property(GLOBAL APPEND PROPERTY ZKA_BACKEND_NAMES ${name})
endfunction()
