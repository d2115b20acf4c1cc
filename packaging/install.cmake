# What `cmake --install` puts where, and the Debian package CPack makes of it.
#
#   bin/slipbox
#   share/man/man1/slipbox.1.gz
#   share/slipbox/editors/{README.md,nvim/…,helix/…}
#   share/doc/slipbox/{README.md,CHANGELOG.md,LICENSE}          (default layout)
#   share/doc/slipbox/{copyright,changelog.gz}                   (SLIPBOX_DEBIAN_LAYOUT=ON)
#
# `cpack -G DEB` in a build configured with SLIPBOX_DEBIAN_LAYOUT=ON and
# CMAKE_INSTALL_PREFIX=/usr makes slipbox_<version>_amd64.deb (scripts/slipbox-dev release).
option(SLIPBOX_DEBIAN_LAYOUT "Install Debian's copyright and changelog.gz instead of LICENSE and CHANGELOG.md" OFF)

set(SLIPBOX_DEB_MAINTAINER "Slipbox contributors <slipbox@localhost>" CACHE STRING "Maintainer of the .deb and its changelog")
find_program(SLIPBOX_GZIP gzip REQUIRED)

# Man page and changelog compressed as Debian wants them (-n: no name or time stamp inside,
# so the same sources give the same bytes).
# The man page's title line names the version: project(VERSION), whatever doc/slipbox.1 says.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/doc/slipbox.1")
file(READ "${PROJECT_SOURCE_DIR}/doc/slipbox.1" slipbox_man)
string(REGEX REPLACE "\"slipbox [0-9.]+\"" "\"slipbox ${PROJECT_VERSION}\"" slipbox_man "${slipbox_man}")
file(WRITE "${PROJECT_BINARY_DIR}/packaging/slipbox.1" "${slipbox_man}")
set(slipbox_man_gz "${PROJECT_BINARY_DIR}/packaging/slipbox.1.gz")
add_custom_command(OUTPUT "${slipbox_man_gz}"
  COMMAND "${SLIPBOX_GZIP}" -9n -c "${PROJECT_BINARY_DIR}/packaging/slipbox.1" > "${slipbox_man_gz}"
  DEPENDS "${PROJECT_SOURCE_DIR}/doc/slipbox.1" VERBATIM)
set(slipbox_doc_outputs "${slipbox_man_gz}")

install(FILES "${slipbox_man_gz}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${PROJECT_SOURCE_DIR}/editors/README.md" DESTINATION "${CMAKE_INSTALL_DATADIR}/slipbox/editors")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/editors/nvim" "${PROJECT_SOURCE_DIR}/editors/helix"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/slipbox/editors"
        FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

if(SLIPBOX_DEBIAN_LAYOUT)
  # Debian's changelog format, from CHANGELOG.md's sections by packaging/debian-changelog.sh.
  set(slipbox_changelog_gz "${PROJECT_BINARY_DIR}/packaging/changelog.gz")
  add_custom_command(OUTPUT "${slipbox_changelog_gz}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${PROJECT_BINARY_DIR}/packaging"
    COMMAND bash "${PROJECT_SOURCE_DIR}/packaging/debian-changelog.sh" "${PROJECT_SOURCE_DIR}/CHANGELOG.md"
            "${SLIPBOX_DEB_MAINTAINER}" > "${PROJECT_BINARY_DIR}/packaging/changelog"
    COMMAND "${SLIPBOX_GZIP}" -9nf "${PROJECT_BINARY_DIR}/packaging/changelog"
    DEPENDS "${PROJECT_SOURCE_DIR}/CHANGELOG.md" "${PROJECT_SOURCE_DIR}/packaging/debian-changelog.sh" VERBATIM)
  list(APPEND slipbox_doc_outputs "${slipbox_changelog_gz}")
  install(FILES "${PROJECT_SOURCE_DIR}/packaging/debian/copyright" "${slipbox_changelog_gz}"
          "${PROJECT_SOURCE_DIR}/README.md" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
  # What dh_strip also drops (lintian: binary-has-unneeded-section); CPack strips the rest.
  find_program(SLIPBOX_OBJCOPY NAMES objcopy REQUIRED)
  install(CODE "execute_process(COMMAND \"${SLIPBOX_OBJCOPY}\" --remove-section=.comment --remove-section=.note
                  \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/slipbox\" COMMAND_ERROR_IS_FATAL ANY)")
else()
  install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" "${PROJECT_SOURCE_DIR}/README.md" "${PROJECT_SOURCE_DIR}/CHANGELOG.md"
          DESTINATION "${CMAKE_INSTALL_DOCDIR}")
endif()
add_custom_target(slipbox_docs ALL DEPENDS ${slipbox_doc_outputs})

# --- CPack: the Debian package ---------------------------------------------------------------
set(CPACK_PACKAGE_NAME slipbox)
set(CPACK_PACKAGE_VENDOR "Slipbox contributors")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "language server and link checker for Markdown note vaults")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_RESOURCE_FILE_README "${PROJECT_SOURCE_DIR}/README.md")
set(CPACK_PACKAGE_CONTACT "${SLIPBOX_DEB_MAINTAINER}")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SLIPBOX_DEB_MAINTAINER}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)            # slipbox_<version>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)             # Depends: from dpkg-shlibdeps
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
# The extended description; CPack puts the summary line above it and indents it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Slipbox understands Markdown notes written the Obsidian way: wiki links,
embeds, links to headings and blocks, aliases and tags, resolved exactly as
Obsidian resolves them.

'slipbox lsp' is a Language Server Protocol server for editors (Neovim,
Helix, VS Code): completion of notes, headings and block ids, go to
definition, hover previews, backlinks, symbols and broken-link diagnostics.
'slipbox check' reports every broken link of a vault, for CI.")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_GENERATOR DEB)
include(CPack)
