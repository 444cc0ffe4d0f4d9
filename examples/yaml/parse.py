# A site-packages module with a C extension and its own shared library: PyYAML's _yaml links
# libyaml-0.so.2. Needs a rootfs that has python3-yaml (see this folder's Dockerfile).
import yaml
from yaml import CLoader

data = yaml.load("name: minops\nlayers: [rootfs, elf, python]\n", Loader=CLoader)
print(data["name"], "with", ", ".join(data["layers"]))
print("libyaml", yaml.__with_libyaml__)
