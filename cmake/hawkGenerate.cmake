# hawk_generate(<target> MODEL <service-2.json[.gz]>
#               [RULES <endpoint-rule-set-1.json[.gz]>] [NAME <service>]
#               [CUSTOMIZATIONS <file>] [PAGINATORS <paginators-1.json[.gz]>]
#               [WAITERS <waiters-2.json[.gz]>]
#               [OUTPUT_DIR <dir>] [NO_SERVER])
#
# Generates hawk's C++ for one AWS service model at build time, and again whenever the model,
# its rules or hawk-gen change, into OUTPUT_DIR/hawk/<service>/ (default
# ${CMAKE_CURRENT_BINARY_DIR}/hawk-generated), which <target> gets on its include path. NAME
# defaults to hawk-gen's choice: the model's folder in botocore's <service>/<api-version>/
# layout, else its serviceId in lower case. RULES defaults to the endpoint rules beside the
# model. PAGINATORS generates hawk/<service>/paginators/ from botocore's paginators file, WAITERS
# hawk/<service>/waiters/ from its waiters file (neither is read unless given). NO_SERVER
# leaves out the service side (hawk/<service>/server/).
#
# Works with find_package(hawk) (the installed hawk-gen) and with add_subdirectory/FetchContent
# when hawk is configured with HAWK_BUILD_CODEGEN=ON.
function(hawk_generate target)
    cmake_parse_arguments(PARSE_ARGV 1 arg "NO_SERVER" "MODEL;RULES;NAME;CUSTOMIZATIONS;PAGINATORS;WAITERS;OUTPUT_DIR" "")
    if(arg_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "hawk_generate: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
    endif()
    if(NOT TARGET ${target})
        message(FATAL_ERROR "hawk_generate: '${target}' is not a target")
    endif()
    if(NOT arg_MODEL)
        message(FATAL_ERROR "hawk_generate: MODEL <service-2.json> is required")
    endif()
    if(NOT TARGET hawk::hawk-gen)
        message(FATAL_ERROR "hawk_generate: hawk-gen is not available; with add_subdirectory or "
                            "FetchContent, set HAWK_BUILD_CODEGEN ON before adding hawk")
    endif()

    get_filename_component(model ${arg_MODEL} ABSOLUTE)
    if(NOT EXISTS ${model})
        message(FATAL_ERROR "hawk_generate: no model at ${model}")
    endif()
    set(out ${arg_OUTPUT_DIR})
    if(NOT out)
        set(out ${CMAKE_CURRENT_BINARY_DIR}/hawk-generated)
    endif()
    get_filename_component(out ${out} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})

    set(command $<TARGET_FILE:hawk::hawk-gen> --quiet --out ${out} --model ${model})
    set(inputs ${model})
    if(arg_RULES)
        get_filename_component(rules ${arg_RULES} ABSOLUTE)
        list(APPEND command --rules ${rules})
        list(APPEND inputs ${rules})
    else()
        # The rules hawk-gen picks up beside the model: a change to them regenerates too.
        get_filename_component(model_dir ${model} DIRECTORY)
        foreach(candidate endpoint-rule-set-1.json endpoint-rule-set-1.json.gz)
            if(EXISTS ${model_dir}/${candidate})
                list(APPEND inputs ${model_dir}/${candidate})
            endif()
        endforeach()
    endif()
    if(arg_NAME)
        list(APPEND command --name ${arg_NAME})
    endif()
    if(arg_CUSTOMIZATIONS)
        get_filename_component(customizations ${arg_CUSTOMIZATIONS} ABSOLUTE)
        list(APPEND command --customizations ${customizations})
        list(APPEND inputs ${customizations})
    endif()
    if(arg_PAGINATORS)
        get_filename_component(paginators ${arg_PAGINATORS} ABSOLUTE)
        list(APPEND command --paginators ${paginators})
        list(APPEND inputs ${paginators})
    endif()
    if(arg_WAITERS)
        get_filename_component(waiters ${arg_WAITERS} ABSOLUTE)
        list(APPEND command --waiters ${waiters})
        list(APPEND inputs ${waiters})
    endif()
    if(arg_NO_SERVER)
        list(APPEND command --no-server)
    endif()

    # hawk-gen rewrites only the files whose content changes, so the stamp (not a header) is
    # what the build tracks.
    string(MD5 key "${model}|${out}")
    set(stamp ${CMAKE_CURRENT_BINARY_DIR}/hawk-generate-${key}.stamp)
    add_custom_command(
        OUTPUT ${stamp}
        COMMAND ${command}
        COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
        DEPENDS ${inputs} $<TARGET_FILE:hawk::hawk-gen>
        COMMENT "hawk-gen: generating C++ from ${model}"
        VERBATIM)
    set(generate_target hawk_generate_${target}_${key})
    add_custom_target(${generate_target} DEPENDS ${stamp})
    # Built here (not imported): make sure hawk-gen is built before it runs.
    get_target_property(generator hawk::hawk-gen ALIASED_TARGET)
    if(generator)
        add_dependencies(${generate_target} ${generator})
    endif()
    add_dependencies(${target} ${generate_target})

    get_target_property(type ${target} TYPE)
    if(type STREQUAL "INTERFACE_LIBRARY")
        target_include_directories(${target} INTERFACE $<BUILD_INTERFACE:${out}>)
    else()
        target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${out}>)
    endif()
endfunction()
