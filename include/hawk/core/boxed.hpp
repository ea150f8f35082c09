#pragma once

#include <memory>
#include <utility>

namespace hawk::core {

/// A value of type T kept on the heap, with value semantics (deep copy, compare by value).
///
/// Generated code uses it where AWS shapes refer to each other recursively (a member whose type
/// would otherwise contain itself). It always holds a value; T may be incomplete where boxed<T>
/// is declared.
template <class T>
class boxed {
public:
    boxed() : p_(std::make_unique<T>()) {}
    boxed(T value) : p_(std::make_unique<T>(std::move(value))) {} // NOLINT: implicit by design
    boxed(const boxed& other) : p_(std::make_unique<T>(*other.p_)) {}
    boxed(boxed&& other) noexcept : p_(std::make_unique<T>(std::move(*other.p_))) {}
    boxed& operator=(const boxed& other) {
        *p_ = *other.p_;
        return *this;
    }
    boxed& operator=(boxed&& other) noexcept {
        *p_ = std::move(*other.p_);
        return *this;
    }
    ~boxed() = default;

    T& get() noexcept { return *p_; }
    const T& get() const noexcept { return *p_; }
    T& operator*() noexcept { return *p_; }
    const T& operator*() const noexcept { return *p_; }
    T* operator->() noexcept { return p_.get(); }
    const T* operator->() const noexcept { return p_.get(); }

    friend bool operator==(const boxed& a, const boxed& b) { return *a.p_ == *b.p_; }
    friend bool operator!=(const boxed& a, const boxed& b) { return !(*a.p_ == *b.p_); }

private:
    std::unique_ptr<T> p_;
};

} // namespace hawk::core
