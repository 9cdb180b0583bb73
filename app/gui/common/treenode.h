#pragma once

#include <QAbstractItemModel>
#include <QModelIndex>

#include <memory>
#include <vector>

namespace fixbench {

// The node of a tree model that owns its nodes (the Tests panel's binaries → suites →
// tests, the FTP panel's folders): Derived inherits TreeNode<Derived>. The index's
// internal pointer is the node; the invisible root is the node of an invalid index.
template <typename Derived>
struct TreeNode {
    Derived *parent = nullptr;
    std::vector<std::unique_ptr<Derived>> children;

    // Its row under its parent (0 for the root).
    int row() const
    {
        if (!parent)
            return 0;
        for (size_t i = 0; i < parent->children.size(); ++i)
            if (parent->children[i].get() == this)
                return int(i);
        return 0;
    }
    // Appends a child, which becomes its own; returns it.
    Derived *append(std::unique_ptr<Derived> child)
    {
        child->parent = static_cast<Derived *>(this);
        children.push_back(std::move(child));
        return children.back().get();
    }
    Derived *childAt(int row) const
    {
        return row >= 0 && size_t(row) < children.size() ? children[size_t(row)].get() : nullptr;
    }

    // For a model's nodeOf(), indexOfNode(), index() and parent().
    static Derived *of(const QModelIndex &index, Derived *root)
    {
        return index.isValid() ? static_cast<Derived *>(index.internalPointer()) : root;
    }
};

} // namespace fixbench
