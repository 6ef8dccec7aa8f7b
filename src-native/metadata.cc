#include "metadata.h"

#include "util/errors.h"

namespace zmqnapi {

MetadataNames ParseMetadataNames(Napi::Env env, Napi::Value value) {
    MetadataNames names;
    if (value.IsUndefined()) return names;
    if (!value.IsArray()) ThrowType(env, "metadata", "an array of property names");
    auto array = value.As<Napi::Array>();
    uint32_t length = array.Length();
    names.reserve(length);
    for (uint32_t index = 0; index < length; index++) {
        Napi::Value name = array.Get(index);
        if (!name.IsString()) ThrowType(env, "metadata", "an array of property names");
        names.push_back(name.As<Napi::String>().Utf8Value());
    }
    return names;
}

MetadataReader::MetadataReader(Napi::Env env, const MetadataNames& names)
    : env_(env), names_(names), entries_(Napi::Array::New(env)) {}

void MetadataReader::Add(const zmq_msg_t* frame) {
    std::vector<const char*> values;
    values.reserve(names_.size());
    bool any = false;
    for (const auto& name : names_) {
        const char* value = zmq_msg_gets(frame, name.c_str());
        values.push_back(value);
        any = any || value != nullptr;
    }

    if (count_ > 0 && values == previous_values_) {
        entries_.Set(count_++, previous_entry_);
        return;
    }

    Napi::Value entry = env_.Undefined();
    if (any) {
        auto object = Napi::Object::New(env_);
        for (size_t index = 0; index < names_.size(); index++) {
            if (values[index] != nullptr) object.Set(names_[index], Napi::String::New(env_, values[index]));
        }
        // Shared by the batch's messages from one connection: none may
        // change what another sees.
        object.Freeze();
        entry = object;
    }
    entries_.Set(count_++, entry);
    previous_values_ = std::move(values);
    previous_entry_ = entry;
}

}  // namespace zmqnapi
