from rest_framework import serializers


class ShopRequestOtpSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=32, help_text="`+7XXXXXXXXXX`")


class ShopOtpSentSerializer(serializers.Serializer):
    message = serializers.CharField()
    delivery_method = serializers.ChoiceField(choices=["telegram", "debug"])
    otp_code = serializers.CharField(required=False, help_text="Only with the `debug` delivery (development).")


class ShopVerifyOtpSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=32, help_text="`+7XXXXXXXXXX`")
    otp_code = serializers.RegexField(r"^\d{6}$", error_messages={"invalid": "The code is 6 digits"})


class ShopTokenSerializer(serializers.Serializer):
    access_token = serializers.CharField()
    token_type = serializers.CharField()
    shop_id = serializers.IntegerField()
    shop_name = serializers.CharField()
