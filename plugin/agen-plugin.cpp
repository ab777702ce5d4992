//===- agen-plugin.cpp - Clang plugin front end of agen -------------------===//
//
// Registers the `agen` plugin action. Loaded with
//   clang++ -fplugin=<prefix>/lib/agen-plugin.so ...
// it runs before the main action (AddBeforeMainAction), so every original
// compiler option keeps working. The lowering is not implemented yet (agen
// issue 3): for now the action is a no-op consumer that accepts and ignores
// its -fplugin-arg-agen-* arguments.
//
//===----------------------------------------------------------------------===//
#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/FrontendPluginRegistry.h"

#include <memory>
#include <string>
#include <vector>

namespace {

class AgenPluginAction : public clang::PluginASTAction {
protected:
  std::unique_ptr<clang::ASTConsumer>
  CreateASTConsumer(clang::CompilerInstance &, llvm::StringRef) override {
    return std::make_unique<clang::ASTConsumer>();
  }

  bool ParseArgs(const clang::CompilerInstance &,
                 const std::vector<std::string> &) override {
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }
};

} // namespace

static clang::FrontendPluginRegistry::Add<AgenPluginAction>
    X("agen", "lower agen async generators (AGEN_GENERATOR functions)");
