# Compile settings shared by every StreamDesk target.
add_library(streamdesk_common INTERFACE)
target_compile_definitions(streamdesk_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    QT_NO_KEYWORDS
    STREAMDESK_VERSION="${PROJECT_VERSION}")
target_compile_options(streamdesk_common INTERFACE
    -Wall -Wextra -pedantic -Wold-style-cast -Wnon-virtual-dtor -Woverloaded-virtual
    # Aggregates are filled partially on purpose; their members have defaults.
    -Wno-missing-field-initializers)
if(STREAMDESK_WERROR)
    target_compile_options(streamdesk_common INTERFACE -Werror)
endif()
if(STREAMDESK_SANITIZE)
    target_compile_options(streamdesk_common INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(streamdesk_common INTERFACE -fsanitize=address,undefined)
endif()
if(STREAMDESK_FUZZ)
    # Coverage for libFuzzer without its main(); a sanitizer finding stops the fuzzer like a crash.
    target_compile_options(streamdesk_common INTERFACE -fsanitize=fuzzer-no-link,address,undefined
        -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(streamdesk_common INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all)
endif()

# sd_add_test(NAME tst_x SOURCES a.cpp LIBS lib...): one Qt Test executable registered with CTest.
function(sd_add_test)
    cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS" ${ARGN})
    qt_add_executable(${T_NAME} ${T_SOURCES})
    set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
    target_link_libraries(${T_NAME} PRIVATE streamdesk_common Qt6::Test ${T_LIBS})
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    # QTEST_DISABLE_STACK_DUMP: Qt Test's crash handler allocates, so a crash inside malloc (a double free)
    # deadlocks it until the timeout instead of failing at once; the sanitizer build gives the traces.
    set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=*.debug=false;QTEST_DISABLE_STACK_DUMP=1")
endfunction()
