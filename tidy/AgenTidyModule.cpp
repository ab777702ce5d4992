//===- AgenTidyModule.cpp - agen's clang-tidy module ----------------------===//
//
// The clang-tidy front end of the agen core's context checks, so that IDEs
// (through clang-tidy, since clangd loads no plugins) show the warnings the
// plugin and agen-rewrite give:
//   agen-context-leak       option ContextModifiers: more modifier classes,
//                           qualified names separated by ';' or ','
//   agen-context-call-leak
// Takes each generator definition (template instantiations included, since
// clang-tidy's matchers visit them), runs agen::core::checkContext on it and
// reports the findings with their notes and fix-its. Loaded with
//   clang-tidy-19 --load=<prefix>/lib/agen-tidy-module.so --checks=-*,agen-*
// (what the agen-clang-tidy wrapper does). Docs: docs/ide.md and
// docs/diagnostics/.
//
//===----------------------------------------------------------------------===//
#include "agen/core/ContextDiagnostics.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <set>
#include <string>
#include <utility>

using namespace clang;
using namespace clang::ast_matchers;
namespace core = agen::core;

namespace {

/// One of the two checks; which one is fixed at construction.
class ContextCheck : public tidy::ClangTidyCheck {
public:
  ContextCheck(llvm::StringRef Name, tidy::ClangTidyContext *Context,
               bool CallLeak)
      : ClangTidyCheck(Name, Context),
        RawModifiers(CallLeak ? "" : Options.get("ContextModifiers", "")) {
    Opts.ContextLeak = !CallLeak;
    Opts.ContextCallLeak = CallLeak;
    llvm::SmallVector<llvm::StringRef> Names;
    llvm::SplitString(RawModifiers, Names, ";, \t");
    for (llvm::StringRef N : Names)
      Opts.ModifierTypes.push_back(N.str());
  }

  bool isLanguageVersionSupported(const LangOptions &LO) const override {
    return LO.CPlusPlus20; // coroutines
  }

  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(functionDecl(isDefinition()).bind("fn"), this);
  }

  void check(const MatchFinder::MatchResult &Result) override {
    const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn");
    if (!FD || !core::isCheckedGenerator(*FD))
      return;
    for (const core::ContextFinding &F :
         core::checkContext(*Result.Context, *FD, Opts)) {
      // Instantiations of one template repeat the same findings.
      if (!Reported.insert(core::findingKey(F)).second)
        continue;
      diag(F.Loc, "%0") << F.Message;
      for (const core::ContextNote &N : F.Notes)
        diag(N.Loc, "%0", DiagnosticIDs::Note) << N.Message << N.FixIts;
    }
  }

  void onStartOfTranslationUnit() override { Reported.clear(); }

  void storeOptions(tidy::ClangTidyOptions::OptionMap &Map) override {
    if (!Opts.ContextCallLeak)
      Options.store(Map, "ContextModifiers", RawModifiers);
  }

private:
  std::string RawModifiers;
  core::ContextCheckOptions Opts;
  std::set<core::FindingKey> Reported;
};

class AgenTidyModule : public tidy::ClangTidyModule {
public:
  void addCheckFactories(tidy::ClangTidyCheckFactories &Factories) override {
    Factories.registerCheckFactory(
        core::ContextLeakCheck,
        [](llvm::StringRef Name, tidy::ClangTidyContext *Context) {
          return std::make_unique<ContextCheck>(Name, Context,
                                                /*CallLeak=*/false);
        });
    Factories.registerCheckFactory(
        core::ContextCallLeakCheck,
        [](llvm::StringRef Name, tidy::ClangTidyContext *Context) {
          return std::make_unique<ContextCheck>(Name, Context,
                                                /*CallLeak=*/true);
        });
  }
};

} // namespace

static tidy::ClangTidyModuleRegistry::Add<AgenTidyModule>
    X("agen-module", "checks for agen async generators (AGEN_GENERATOR)");
