# lit.cfg.py: lit configuration of agen's tool tests (test/tool, test/plugin, ...).
# Run through the build tree (`ninja check-agen`), whose lit.site.cfg.py says where the
# built agen-rewrite and agen-plugin.so are.
import os
import re

import lit.formats

config.name = "agen"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
# unit/ is GoogleTest, install/ is ctest's install-consumer, Inputs/ are helper files.
config.excludes = ["unit", "install", "Inputs", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(os.path.abspath(__file__))

if not hasattr(config, "agen_obj_root"):
    lit_config.fatal(
        "run lit on the build tree's test/ directory (ninja check-agen), "
        "not on the source tree"
    )
config.test_exec_root = os.path.join(config.agen_obj_root, "test")

cxxflags = "-std=c++20 -I" + config.agen_include
config.substitutions.append(("%agen-rewrite", config.agen_rewrite))
config.substitutions.append(("%agen-plugin", config.agen_plugin))
config.substitutions.append(("%agen-tidy-module", config.agen_tidy_module))
config.substitutions.append(("%agen-clang-tidy", config.agen_clang_tidy))
config.substitutions.append(("%clang-tidy", config.clang_tidy))
config.substitutions.append(("%agen-include", config.agen_include))
config.substitutions.append(("%clangxx", config.clangxx))
config.substitutions.append(("%cxxflags", cxxflags))
# Lowered and native builds of test/lower programs run under the sanitizers.
config.substitutions.append(
    ("%sanitize", "-fsanitize=address,undefined -fno-sanitize-recover=all")
)


def tool_pattern(name):
    # A bare tool name at a word boundary, not part of a path, option or file name
    # (same rule as LLVM's ToolSubst).
    return r"(?<![.\-^/\\<])\b" + re.escape(name) + r"\b(?![-.])"


for name, path in [
    ("FileCheck", config.filecheck),
    ("not", config.not_tool),
    ("count", config.count_tool),
]:
    config.substitutions.append((tool_pattern(name), path))

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))]
)
# Keep diagnostics stable: no colours, no terminal-width dependent wrapping.
config.environment.pop("CLANG_COLOR", None)
config.environment["TERM"] = "dumb"
