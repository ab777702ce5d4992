/// \file
/// The whole agen runtime: include this in generator sources and consumers.
#pragma once

#include <agen/already_running.hpp>
#include <agen/annotations.hpp>
#include <agen/any_async_generator.hpp>
#include <agen/async_generator.hpp>
#include <agen/asyncgen_hooks.hpp>
#include <agen/context_guard.hpp>
#include <agen/detail/lowered_host.hpp>
#include <agen/detail/lowered_templates.hpp>
#include <agen/event_loop.hpp>
#include <agen/generator_exit.hpp>
#include <agen/generator_ref.hpp>
#include <agen/next_result.hpp>
#include <agen/scoped_override.hpp>
#include <agen/state.hpp>
#include <agen/sync_wait.hpp>
#include <agen/task.hpp>
#include <agen/unraisable.hpp>
#include <agen/yielded_while_closing.hpp>
