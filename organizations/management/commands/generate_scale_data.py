import random
import time
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError

from organizations.demo.scale import generate_registry
from organizations.models import Unit


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu tổng hợp để đo tốc độ: một thành phố thử nghiệm với N phường, M tổ chức cơ sở "
        "mỗi phường, số liệu, xếp loại, người dùng (mật khẩu DEMO_PASSWORD). Cùng --seed cho cùng "
        "dữ liệu. Từ chối chạy khi DEBUG tắt, trừ khi có --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wards", type=int, default=10)
        parser.add_argument("--units-per-ward", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true", help="Chạy cả khi DEBUG tắt.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG đang tắt: dữ liệu thử nghiệm chỉ tạo khi thêm --force.")
        if options["wards"] < 1 or options["units_per_ward"] < 1:
            raise CommandError("--wards và --units-per-ward phải lớn hơn 0.")
        if Unit.objects.filter(code=f"S{options['seed']}-TP").exists():
            raise CommandError(f"Dữ liệu thử nghiệm với --seed {options['seed']} đã có.")
        started = time.perf_counter()
        password_hash = make_password(settings.DEMO_PASSWORD)
        city = generate_registry(
            wards=options["wards"],
            units_per_ward=options["units_per_ward"],
            seed=options["seed"],
            password_hash=password_hash,
        )
        for config in apps.get_app_configs():
            if config.name == "organizations":
                continue
            try:
                module = import_module(f"{config.name}.demo.scale")
            except ModuleNotFoundError:
                continue
            module.generate(city=city, rng=random.Random(options["seed"]), stdout=self.stdout)
        total = Unit.objects.subtree_of(city.city).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {total} tổ chức trong {options['wards']} phường "
                f"({time.perf_counter() - started:.1f} s)."
            )
        )
